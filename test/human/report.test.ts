import { describe, expect, it } from 'vitest';
import { gateReport } from '../../runtime/human/report.ts';
import type { Annotation, GateItem, GateTask } from '../../runtime/human/types.ts';
import type { GateEntry } from '../../runtime/store/pending.ts';
import type { Value } from '../../runtime/values.ts';

function item(gate: string, task: GateTask, record: string, qa: boolean): GateItem {
  return {
    gate,
    task,
    mode: task === 'yes_no' ? 'validate' : 'annotate',
    record,
    media: { kind: 'image', file: `/data/${record}.png`, name: `${record}.png`, width: 64, height: 48, duration: null, fps: null, frame_count: null, frames: null },
    question: task === 'yes_no' ? 'Is the caption right?' : null,
    labels: task === 'yes_no' ? [] : ['car', 'person'],
    predictions: null,
    qa,
    instructions: null,
  };
}

const answer = (annotator: string, value: Value): Annotation => ({ annotator, value, origin: 'label-studio', ref: `${annotator}-1` });

/** An entry with its answers given as `[annotator, value]`, sorted by annotator as the store keeps them. */
function entry(gate: string, task: GateTask, record: string, qa: boolean, given: Array<[string, Value]>, adjudication?: [string, Value]): GateEntry {
  const annotations = given.map(([who, value]) => answer(who, value)).sort((a, b) => (a.annotator < b.annotator ? -1 : 1));
  return { itemKey: record, item: item(gate, task, record, qa), answers: { annotations, adjudication: adjudication ? answer(...adjudication) : null } };
}

describe('the report of a validate gate', () => {
  const yesNo = (record: string, qa: boolean, given: Array<[string, boolean]>, adjudication?: [string, boolean]) =>
    entry('review.check', 'yes_no', record, qa, given, adjudication);
  const entries: GateEntry[] = [
    yesNo('k01', false, [['alice', true]]), // answered yes
    yesNo('k02', false, []), // waits for an answer
    yesNo('k03', true, [['alice', true], ['bob', true]]), // pair yes-yes, answered yes
    yesNo('k04', true, [['alice', false], ['bob', false]]), // pair no-no, answered no
    yesNo('k05', true, [['alice', true], ['bob', false]]), // pair yes-no, waits for an adjudication
    yesNo('k06', true, [['alice', true]]), // waits for a second answer
    yesNo('k07', true, [['bob', true], ['alice', false]], ['carol', true]), // pair no-yes, adjudicated yes
    yesNo('k08', true, []), // waits for an answer
    yesNo('k09', true, [['alice', true], ['bob', true]]), // pair yes-yes, answered yes
    yesNo('k10', false, [['dave', false]]), // answered no
    yesNo('k11', true, [['erin', false], ['alice', false]]), // pair no-no, answered no
  ];

  it('counts items by what they wait for and settled answers by yes and no', () => {
    const report = gateReport(entries);
    expect(report.task).toBe('yes_no');
    expect(report.mode).toBe('validate');
    expect(report.items).toBe(11);
    expect(report.answered).toBe(7);
    expect(report.waiting).toEqual({ answer: 2, second_answer: 1, adjudication: 1 });
    expect(report.yes).toBe(4);
    expect(report.no).toBe(3);
  });

  it("measures the QA sample's agreement with Cohen's kappa", () => {
    // Six pairs, first annotator then second: yy, nn, yn, ny, yy, nn. Observed 4/6;
    // each says yes 3 times in 6, so chance is 0.5 and kappa (2/3 - 1/2) / (1/2) = 1/3.
    expect(gateReport(entries).qa).toEqual({
      items: 8,
      pairs: 6,
      agreement: { measure: 'cohen_kappa', value: 0.333333, raw_agreement: 0.666667 },
      disagreements: 2,
    });
  });

  it('gives each annotator their answers and their agreement over their own QA pairs', () => {
    expect(gateReport(entries).annotators).toEqual({
      alice: { answers: 8, qa_pairs: 6, agreement: 0.666667 }, // agreed on k03, k04, k09, k11
      bob: { answers: 5, qa_pairs: 5, agreement: 0.6 }, // agreed on k03, k04, k09
      carol: { answers: 1, qa_pairs: 0, agreement: null }, // one adjudication
      dave: { answers: 1, qa_pairs: 0, agreement: null },
      erin: { answers: 1, qa_pairs: 1, agreement: 1 },
    });
  });

  it('is the same JSON whatever the order of the entries, with annotators sorted', () => {
    const shuffled = [...entries].reverse(); // meets erin and dave before bob and carol
    expect(JSON.stringify(gateReport(shuffled))).toBe(JSON.stringify(gateReport(entries)));
    expect(Object.keys(gateReport(shuffled).annotators)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it('leaves kappa null when both people gave the same answer throughout, while raw agreement is 1', () => {
    const report = gateReport([yesNo('a', true, [['alice', true], ['bob', true]]), yesNo('b', true, [['alice', true], ['bob', true]])]);
    expect(report.qa.agreement).toEqual({ measure: 'cohen_kappa', value: null, raw_agreement: 1 });
  });
});

describe('the report of an annotate gate', () => {
  const car = (x2: number, y2: number) => ({ label: 'car', box: { x1: 0, y1: 0, x2, y2 } });
  const boxes = (record: string, qa: boolean, given: Array<[string, Value]>) => entry('label.cars', 'image_boxes', record, qa, given);
  const entries = [
    boxes('b1', true, [['alice', [car(10, 10)]], ['bob', [car(10, 5)]]]), // IoU 0.5: agrees
    boxes('b2', true, [['alice', [car(10, 10)]], ['bob', [{ label: 'person', box: { x1: 0, y1: 0, x2: 10, y2: 10 } }]]]), // 0: disagrees
    boxes('b3', true, [['alice', []], ['bob', []]]), // both saw nothing: 1
    boxes('b4', true, [['bob', [car(10, 10)]]]),
    boxes('b5', false, [['carol', [car(3, 3)]]]),
  ];

  it('measures agreement as the mean matched IoU and omits yes and no', () => {
    const report = gateReport(entries);
    expect(report).toEqual({
      task: 'image_boxes',
      mode: 'annotate',
      items: 5,
      answered: 3,
      waiting: { answer: 0, second_answer: 1, adjudication: 1 },
      qa: { items: 4, pairs: 3, agreement: { measure: 'mean_iou', value: 0.5, raw_agreement: 0.666667 }, disagreements: 1 },
      annotators: {
        alice: { answers: 3, qa_pairs: 3, agreement: 0.5 },
        bob: { answers: 4, qa_pairs: 3, agreement: 0.5 },
        carol: { answers: 1, qa_pairs: 0, agreement: null },
      },
    });
    expect('yes' in report || 'no' in report).toBe(false);
  });

  it('rounds to six decimals', () => {
    // IoU of [0,0,10,10] and [0,0,10,3] is 0.3; the mean with 1 and 0 is 1.3 / 3.
    const report = gateReport([...entries.slice(1, 3), boxes('b6', true, [['alice', [car(10, 10)]], ['bob', [car(10, 3)]]])]);
    expect(report.qa.agreement.value).toBe(0.433333);
  });

  it('measures points by the share of matched points', () => {
    const eye = (x: number) => ({ label: 'eye', point: { x, y: 0 } });
    const report = gateReport([
      entry('label.eyes', 'image_points', 'p1', true, [['alice', [eye(0), eye(30)]], ['bob', [eye(5), eye(60)]]]), // 1 of 2 within 10 px
      entry('label.eyes', 'image_points', 'p2', true, [['alice', [eye(0)]], ['bob', [eye(9)]]]),
    ]);
    expect(report.qa.agreement).toEqual({ measure: 'point_match', value: 0.75, raw_agreement: 1 });
  });

  it('has null agreement without QA pairs', () => {
    const report = gateReport(entries.slice(3));
    expect(report.qa).toEqual({ items: 1, pairs: 0, agreement: { measure: 'mean_iou', value: null, raw_agreement: null }, disagreements: 0 });
    expect(report.annotators.bob).toEqual({ answers: 1, qa_pairs: 0, agreement: null });
  });

  it('reports a gate without items in zeros and nulls', () => {
    expect(gateReport([])).toEqual({
      task: null,
      mode: null,
      items: 0,
      answered: 0,
      waiting: { answer: 0, second_answer: 0, adjudication: 0 },
      qa: { items: 0, pairs: 0, agreement: { measure: null, value: null, raw_agreement: null }, disagreements: 0 },
      annotators: {},
    });
  });

  it('refuses entries of two gates', () => {
    expect(() => gateReport([entries[0], entry('label.people', 'image_boxes', 'x', false, [])])).toThrow(/`label.cars` and `label.people`/);
  });
});
