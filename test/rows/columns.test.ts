import { Binary, Float64, Int32, Utf8, makeVector } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryColumn, Float64Column, Int32Column, Utf8Column } from '../../runtime/rows/columns.ts';

describe('column buffers', () => {
  it('mark exactly the null values, wherever the first null falls and however long the column grows', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { freq: 4 }), { maxLength: 300 }), (values) => {
        const ints = new Int32Column(new Int32(), 1);
        const floats = new Float64Column(new Float64(), 1);
        const bytes = new BinaryColumn(new Binary(), 1);
        for (const v of values) {
          ints.append(v ?? undefined);
          floats.append(v === null ? undefined : v / 8);
          bytes.append(v === null ? undefined : Uint8Array.of(v & 0xff, 0x80));
        }
        expect([...makeVector(ints.finish())]).toEqual(values);
        expect([...makeVector(floats.finish())]).toEqual(values.map((v) => (v === null ? null : v / 8)));
        expect([...makeVector(bytes.finish())]).toEqual(values.map((v) => (v === null ? null : Uint8Array.of(v & 0xff, 0x80))));
        expect(makeVector(ints.finish()).nullCount).toBe(values.filter((v) => v === null).length);
      }),
      { numRuns: 200 },
    );
  });

  it('hand over no bitmap when nothing is null', () => {
    const column = new Float64Column(new Float64(), 4);
    for (let i = 0; i < 100; i++) column.append(i);
    const data = column.finish();
    expect(data.nullCount).toBe(0);
    expect(data.nullBitmap === undefined || data.nullBitmap.length === 0).toBe(true);
  });

  it('join the parts of one string value and keep values apart', () => {
    const column = new Utf8Column(new Utf8(), 1, 1);
    column.part('<image>');
    column.part('\n');
    column.part('héllo wörld, a string long enough to skip the short ASCII loop ✓');
    column.endValue();
    column.append('');
    column.append('plain');
    expect([...makeVector(column.finish())]).toEqual(['<image>\nhéllo wörld, a string long enough to skip the short ASCII loop ✓', '', 'plain']);
  });
});
