import { describe, expect, it } from 'vitest';
import { fmt, renderTable } from './table.ts';

describe('renderTable', () => {
  it('pads columns, right-aligns numbers and shows missing values as a dash', () => {
    const out = renderTable({
      title: 'Files',
      columns: ['case', 'wall', 'ratio'],
      rows: [['pauses', fmt.seconds(12.345), fmt.ratio(0.5)], ['continuous speech', 3, null]],
      notes: ['ratio = ours / reference'],
    });
    expect(out.split('\n')).toEqual([
      'Files',
      'case                 wall   ratio',
      '-----------------  ------  ------',
      'pauses             12.3 s  0.50 ×',
      'continuous speech       3       –',
      '  ratio = ours / reference',
    ]);
  });
});
