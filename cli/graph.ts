// `rlr graph <file> --format mermaid|dot`: a picture of the execution DAG.
import type { Command } from 'commander';
import type { Dag, DagNode } from '../compiler/lower/dag-schema.ts';
import { compileForCommand } from './compile.ts';
import { choice, collectParam } from './options.ts';
import type { ExitReporter } from './commands.ts';

function label(node: DagNode): string {
  const params = node.params as Record<string, unknown>;
  const name = typeof params.name === 'string' && params.name ? ` ${params.name}` : '';
  const stage = node.stage ? `${node.stage}: ` : '';
  return `${stage}${node.kind === 'operator' || node.kind === 'gate' ? node.op : node.kind === 'model_call' ? `model ${node.op}` : node.kind}${name}`;
}

const mermaidShape: Record<DagNode['kind'], [string, string]> = {
  source: ['[(', ')]'], operator: ['[', ']'], model_call: ['[[', ']]'], gate: ['{{', '}}'], emit: ['>', ']'],
  curriculum: ['[/', '/]'], mixture: ['[\\', '\\]'], sink: ['[(', ')]'],
};

export function toMermaid(dag: Dag): string {
  const lines = ['flowchart TD'];
  for (const node of dag.nodes) {
    const [open, close] = mermaidShape[node.kind];
    lines.push(`  n${node.id}${open}"${label(node).replace(/"/g, '#quot;')}"${close}`);
  }
  for (const edge of dag.edges) lines.push(`  n${edge.from} --> n${edge.to}`);
  return lines.join('\n') + '\n';
}

const dotShape: Record<DagNode['kind'], string> = {
  source: 'cylinder', operator: 'box', model_call: 'box3d', gate: 'hexagon', emit: 'cds',
  curriculum: 'trapezium', mixture: 'invtrapezium', sink: 'folder',
};

export function toDot(dag: Dag): string {
  const lines = [`digraph "${dag.recipe.name}" {`, '  rankdir=TB;', '  node [fontname="Helvetica"];'];
  for (const node of dag.nodes) lines.push(`  "${node.id}" [label=${JSON.stringify(label(node))}, shape=${dotShape[node.kind]}];`);
  for (const edge of dag.edges) lines.push(`  "${edge.from}" -> "${edge.to}";`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function registerGraph(program: Command, exit: ExitReporter): void {
  program
    .command('graph')
    .description('print the execution DAG as a Mermaid or Graphviz diagram')
    .argument('<file>', 'the recipe (*.rlr)')
    .option('--format <format>', 'mermaid or dot', choice(['mermaid', 'dot'] as const), 'mermaid')
    .option('--param <key=value>', 'override a parameter (repeatable)', collectParam, {})
    .action((file: string, options: { format: 'mermaid' | 'dot'; param: Record<string, string> }) => {
      const result = compileForCommand(file, options.param, 'pretty', exit);
      if (!result?.dag) return;
      process.stdout.write(options.format === 'dot' ? toDot(result.dag) : toMermaid(result.dag));
    });
}
