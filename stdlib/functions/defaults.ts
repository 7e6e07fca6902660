// A registry default as the compiler lowers it: percents as fractions (70 -> 0.7).
import type { ParamSpec } from '../registry/schema.ts';
import type { Value } from '../../runtime/values.ts';

export function loweredDefault(param: ParamSpec): Value {
  const value = param.default as Value;
  return typeof value === 'number' && /^percent\??$/.test(param.type.trim()) ? value / 100 : value;
}
