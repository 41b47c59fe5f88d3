import { describe, expect, it } from 'vitest';
import { parseQuantity, parseQuickOrder, QUICK_ORDER_MAX_LINES, rowsOfTable, splitPastedText, type ParsedQuickOrder } from '../../src/domain/quick-order';

function parsed(text: string) {
  const result = parseQuickOrder(splitPastedText(text));
  if (!result.ok) throw new Error(`expected lines, got ${result.problem}`);
  return result;
}
const summary = (result: Extract<ParsedQuickOrder, { ok: true }>) =>
  result.lines.map((l) =>
    l.status === 'parsed'
      ? [l.lineNo, l.partNumber, l.quantity, l.vendor]
      : l.status === 'merged'
        ? [l.lineNo, 'merged into', l.mergedInto]
        : [l.lineNo, l.problem.code],
  );

describe('quick order: reading pasted lines', () => {
  it('splits on tab, semicolon, comma or spaces, and keeps line numbers as pasted', () => {
    const result = parsed('KL4863RAAFS\t5\nMO-1001;10\n\nAS9886S2Y-02, 3\n  kl1939 raafs   7  \n');
    expect(result.header).toBeNull();
    expect(summary(result)).toEqual([
      [1, 'KL4863RAAFS', 5, null],
      [2, 'MO-1001', 10, null],
      [4, 'AS9886S2Y-02', 3, null],
      // With spaces the quantity is the last number: the PartNumber keeps its inner space.
      [5, 'kl1939 raafs', 7, null],
    ]);
  });

  it('recognises a header line and follows the columns it names', () => {
    const result = parsed('Количество;Артикул;Вендор\n5;KL4863RAAFS;kasp\n');
    expect(result.header).toEqual({ lineNo: 1, raw: 'Количество;Артикул;Вендор' });
    expect(summary(result)).toEqual([[2, 'KL4863RAAFS', 5, 'KASP']]);
    expect(parsed('PartNumber Qty\nX-1 2').header?.lineNo).toBe(1);
  });

  it('does not take a data line for a header because its PartNumber looks like a word', () => {
    const result = parsed('SKU; 4\nPN;2');
    expect(result.header).toBeNull();
    expect(summary(result)).toEqual([
      [1, 'SKU', 4, null],
      [2, 'PN', 2, null],
    ]);
  });

  it('explains a missing, fractional, zero, negative or too large quantity instead of guessing 1', () => {
    const result = parsed('A-1\nA-2;\nA-3;1,5\nA-4\t0\nA-5;-2\nA-6;100001\n;4\nA-7 пять');
    expect(result.lines.map((l) => [l.lineNo, l.status === 'invalid' ? l.problem : l.status])).toEqual([
      [1, { code: 'missing_quantity' }],
      [2, { code: 'missing_quantity' }],
      [3, { code: 'fractional_quantity', value: '1,5' }],
      [4, { code: 'quantity_out_of_range', value: 0, min: 1, max: 100_000 }],
      [5, { code: 'bad_quantity', value: '-2' }],
      [6, { code: 'quantity_out_of_range', value: 100_001, min: 1, max: 100_000 }],
      [7, { code: 'missing_part_number' }],
      [8, { code: 'bad_quantity', value: 'пять' }],
    ]);
  });

  it('takes a decimal comma for a fractional quantity, never for a column: "MS4886S1Y-01 1,5" is not PartNumber "MS4886S1Y-01 1" with 5', () => {
    const result = parsed('MS4886S1Y-01 1,5\nMS4886S1Y-02 0.5 шт\nMS4886S1Y-03\t2,5\nDR6203A1Y-01,2\nKL4863 RAAFS 3,25 KASP');
    expect(result.lines.map((l) => [l.lineNo, l.partNumber, l.status === 'invalid' ? l.problem : l.status])).toEqual([
      [1, 'MS4886S1Y-01', { code: 'fractional_quantity', value: '1,5' }],
      [2, 'MS4886S1Y-02', { code: 'fractional_quantity', value: '0.5 шт' }],
      [3, 'MS4886S1Y-03', { code: 'fractional_quantity', value: '2,5' }],
      // A comma right after the PartNumber still separates the columns.
      [4, 'DR6203A1Y-01', 'parsed'],
      [5, 'KL4863 RAAFS', { code: 'fractional_quantity', value: '3,25' }],
    ]);
  });

  it('reads quantities as people write them', () => {
    expect(parseQuantity('5')).toBe(5);
    expect(parseQuantity(' 1 000 ')).toBe(1000);
    expect(parseQuantity('5 шт.')).toBe(5);
    expect(parseQuantity('5шт')).toBe(5);
    expect(parseQuantity('5.0')).toBeNull();
    expect(parseQuantity('1e3')).toBeNull();
    expect(parseQuantity('')).toBeNull();
    expect(summary(parsed('KL4863 RAAFS 12 шт'))).toEqual([[1, 'KL4863 RAAFS', 12, null]]);
    expect(summary(parsed('KL4863RAAFS 12 kasp'))).toEqual([[1, 'KL4863RAAFS', 12, 'KASP']]);
  });

  it('merges repeats of a PartNumber (however typed) into the first line, adding quantities', () => {
    const result = parsed('KL-4863-RAAFS;5\nMO-1;1\nkl4863raafs;3\nKL4863RAAFS;x\nKL4863 RAAFS;2');
    expect(summary(result)).toEqual([
      [1, 'KL-4863-RAAFS', 10, null],
      [2, 'MO-1', 1, null],
      [3, 'merged into', 1],
      [4, 'bad_quantity'],
      [5, 'merged into', 1],
    ]);
    expect(result.lines[0]).toMatchObject({ status: 'parsed', mergedLineNos: [3, 5] });
    // The same PartNumber named for two vendors stays two lines.
    expect(summary(parsed('X-1;1;AAA\nX-1;2;BBB'))).toEqual([
      [1, 'X-1', 1, 'AAA'],
      [2, 'X-1', 2, 'BBB'],
    ]);
  });

  it('explains a merge that takes a line past the largest quantity', () => {
    const result = parsed('A-1;60000\nA-1;60000');
    expect(result.lines[0]).toMatchObject({ status: 'invalid', problem: { code: 'quantity_out_of_range', value: 120_000 } });
    expect(result.lines[1]).toMatchObject({ status: 'merged', mergedInto: 1 });
  });

  it('refuses an empty paste and more lines than allowed', () => {
    expect(parseQuickOrder(splitPastedText('\n  \n\t\n'))).toEqual({ ok: false, problem: 'no_lines' });
    expect(parseQuickOrder(splitPastedText('Артикул;Количество\n'))).toEqual({ ok: false, problem: 'no_lines' });
    const many = Array.from({ length: QUICK_ORDER_MAX_LINES + 1 }, (_, i) => `P-${i};1`).join('\n');
    expect(parseQuickOrder(splitPastedText(many))).toEqual({ ok: false, problem: 'too_many_lines', count: QUICK_ORDER_MAX_LINES + 1, max: QUICK_ORDER_MAX_LINES });
    const exactly = Array.from({ length: QUICK_ORDER_MAX_LINES }, (_, i) => `P-${i};1`).join('\n');
    expect(parsed(exactly).lines).toHaveLength(QUICK_ORDER_MAX_LINES);
  });
});

describe('quick order: reading an uploaded table', () => {
  it('takes table rows with their spreadsheet row numbers, header and empty rows included', () => {
    const result = parseQuickOrder(rowsOfTable([['PartNumber', 'Qty', ''], [], ['KL4863RAAFS', '5', ''], ['MO-1', '', '']]));
    expect(result).toMatchObject({ ok: true, header: { lineNo: 1, raw: 'PartNumber; Qty' } });
    if (!result.ok) return;
    expect(summary(result)).toEqual([
      [3, 'KL4863RAAFS', 5, null],
      [4, 'missing_quantity'],
    ]);
    expect(result.lines[1]!.raw).toBe('MO-1');
  });
});
