// The live display of `rlr run` on a terminal: one line per stage with its
// records in and out, filtered, rejected, reuse, rate and (when the source
// size is known) ETA, redrawn in place. In CI (`--log json`) the same figures
// go out as JSON lines every few seconds instead.
import { createLogUpdate } from 'log-update';
import type { Dag, DagNode } from '../compiler/lower/dag-schema.ts';
import type { Accounting } from '../runtime/execute/accounting.ts';
import type { RunEvent } from '../runtime/run/run.ts';

interface StageLine {
  stage: string;
  in: number;
  out: number;
  filtered: number;
  rejected: number;
  status: 'waiting' | 'running' | 'reused' | 'done';
  total: number | null;
  started: number;
  finished: number | null;
}

const sum = (table: Record<string, number>) => Object.values(table).reduce((a, b) => a + b, 0);

export class RunDisplay {
  private accounting: Accounting | null = null;
  private readonly stages = new Map<string, StageLine>();
  private readonly nodesByStage = new Map<string, DagNode[]>();
  private timer: NodeJS.Timeout | null = null;
  private readonly shards: string[] = [];
  private lastJson = 0;
  private readonly update = createLogUpdate(process.stderr);

  constructor(private readonly dag: Dag, private readonly mode: 'tty' | 'plain' | 'json', private readonly write: (text: string) => void) {
    for (const node of dag.nodes) {
      if (!node.stage) continue;
      const list = this.nodesByStage.get(node.stage) ?? [];
      list.push(node);
      this.nodesByStage.set(node.stage, list);
    }
  }

  attach(accounting: Accounting): void {
    this.accounting = accounting;
    if (this.mode !== 'plain') this.timer = setInterval(() => this.render(), this.mode === 'tty' ? 200 : 2000);
    this.timer?.unref();
  }

  event(event: RunEvent): void {
    if (event.type === 'stage-start') {
      this.stages.set(event.stage, {
        stage: event.stage, in: 0, out: 0, filtered: 0, rejected: 0, status: 'running',
        total: this.sourceSize(event.stage), started: performance.now(), finished: null,
      });
    } else if (event.type === 'stage-done') {
      const line = this.stages.get(event.stage);
      if (line) {
        line.status = event.cached ? 'reused' : 'done';
        line.finished = performance.now();
        line.out = event.examples;
      }
      if (this.mode === 'plain') this.write(`  ${event.stage}: ${event.examples} examples${event.cached ? ' (reused)' : ''}\n`);
    } else if (event.type === 'shard' && !event.skipped) {
      this.shards.push(`${event.path} (${event.rows} rows)`);
      if (this.mode === 'plain') this.write(`  wrote ${event.path} (${event.rows} rows)\n`);
    }
    if (this.mode === 'json') this.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
    else if (this.mode === 'tty') this.render();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.mode === 'tty') {
      this.render();
      this.update.done();
    }
  }

  /** The number of records a stage's source will yield, when the recipe says (a generator's `count`). */
  private sourceSize(stage: string): number | null {
    const nodes = this.nodesByStage.get(stage) ?? [];
    const first = nodes.find((n) => n.inputs.every((id) => !nodes.some((m) => m.id === id)));
    const source = first ? this.dag.nodes.find((n) => n.id === first.inputs[0]) : undefined;
    return source?.kind === 'source' && typeof source.params.count === 'number' ? source.params.count : null;
  }

  private refresh(): void {
    if (!this.accounting) return;
    for (const line of this.stages.values()) {
      if (line.status !== 'running') continue;
      const nodes = this.nodesByStage.get(line.stage) ?? [];
      const counts = nodes.map((n) => this.accounting!.counts.get(n.id)).filter((c) => c !== undefined);
      if (counts.length === 0) continue;
      const entry = nodes.find((n) => n.inputs.every((id) => !nodes.some((m) => m.id === id)));
      const last = nodes.find((n) => n.kind === 'emit') ?? nodes.at(-1);
      line.in = (entry && this.accounting.counts.get(entry.id)?.in) || 0;
      line.out = (last && this.accounting.counts.get(last.id)?.out) || 0;
      line.filtered = counts.reduce((a, c) => a + sum(c!.filtered), 0);
      line.rejected = counts.reduce((a, c) => a + sum(c!.rejected), 0);
    }
  }

  private render(): void {
    this.refresh();
    const now = performance.now();
    if (this.mode === 'json') {
      if (now - this.lastJson < 1900) return;
      this.lastJson = now;
      for (const line of this.stages.values()) {
        if (line.status === 'running') this.write(JSON.stringify({ time: new Date().toISOString(), type: 'progress', stage: line.stage, in: line.in, out: line.out, filtered: line.filtered, rejected: line.rejected }) + '\n');
      }
      return;
    }
    const rows = ['stage                      in      out  filtered  rejected      rate  status'];
    for (const line of this.stages.values()) {
      const seconds = ((line.finished ?? now) - line.started) / 1000;
      const rate = seconds > 0 ? line.in / seconds : 0;
      let status: string = line.status;
      if (line.status === 'running' && line.total && rate > 0) {
        const eta = Math.max(0, (line.total - line.in) / rate);
        status = `eta ${eta < 60 ? `${eta.toFixed(0)} s` : `${(eta / 60).toFixed(1)} min`}`;
      }
      rows.push(`${line.stage.padEnd(22).slice(0, 22)} ${String(line.in).padStart(7)} ${String(line.out).padStart(8)} ${String(line.filtered).padStart(9)} ${String(line.rejected).padStart(9)} ${`${Math.round(rate)}/s`.padStart(9)}  ${status}`);
    }
    if (this.shards.length) rows.push(`shards written: ${this.shards.length} (last: ${this.shards.at(-1)})`);
    this.update(rows.join('\n'));
  }
}
