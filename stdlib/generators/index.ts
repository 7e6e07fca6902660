// Generator sources by name. Each yields records of the type its registry entry declares.
import type { Json } from '../../compiler/lower/dag-schema.ts';
import type { SourceContext, SourceItem } from '../../runtime/sources/source-item.ts';

export type Generator = (params: Record<string, Json>, context: SourceContext) => AsyncIterable<SourceItem>;

export const generators = new Map<string, Generator>();
