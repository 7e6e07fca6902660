import { describe, expect, it } from 'vitest';
import { shardName } from '../../runtime/writers/index.ts';

describe('shardName', () => {
  it('names shards as the Hugging Face Hub reads splits, with five-digit numbers', () => {
    expect(shardName('train', 0, 4, 'parquet')).toBe('train-00000-of-00004.parquet');
    expect(shardName('validation', 12, 13, 'arrow')).toBe('validation-00012-of-00013.arrow');
    expect(shardName('test', 99_998, 99_999, 'parquet')).toBe('test-99998-of-99999.parquet');
  });

  it('sorts shards in index order by name', () => {
    const names = [10, 2, 0, 1].map((i) => shardName('train', i, 11, 'parquet'));
    expect([...names].sort()).toEqual([0, 1, 2, 10].map((i) => shardName('train', i, 11, 'parquet')));
  });

  it('refuses an index out of range, a bad total or a split name that is not a word', () => {
    expect(() => shardName('train', 4, 4, 'parquet')).toThrow(/index 4 is not in 0..3/);
    expect(() => shardName('train', -1, 4, 'parquet')).toThrow(RangeError);
    expect(() => shardName('train', 0, 0, 'parquet')).toThrow(/total 0/);
    expect(() => shardName('train', 0, 100_000, 'parquet')).toThrow(/total/);
    expect(() => shardName('../train', 0, 1, 'parquet')).toThrow(/split name/);
    expect(() => shardName('train', 0.5, 1, 'parquet')).toThrow(/index/);
  });
});
