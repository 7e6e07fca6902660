// A client no one here wrote: Debian's Neovim, headless, with its built-in LSP
// client, runs `node bin/rlr.js lsp --stdio`, opens a recipe with an error and
// must receive the diagnostic. scripts/install-neovim.sh installs Neovim.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedent } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let folder: string;

beforeAll(() => {
  try {
    execFileSync(join(root, 'scripts/install-neovim.sh'), { stdio: 'pipe', timeout: 600_000 });
  } catch (error) {
    const output = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new Error(
      `Neovim is missing and scripts/install-neovim.sh could not install it (it needs apt-get, as root or through sudo, and network access to the Debian mirrors):\n${output}`,
      { cause: error },
    );
  }
  folder = mkdtempSync(join(tmpdir(), 'rlr-neovim-'));
}, 660_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Starts the server on the buffer of each recipe (with `vim.lsp.start` where Neovim has it, 0.8 on), waits for diagnostics, writes them as JSON. */
const init = `
local out = os.getenv('RLR_NVIM_OUT')
local config = {
  name = 'rlr',
  cmd = { 'node', os.getenv('RLR_BIN'), 'lsp', '--stdio' },
  root_dir = os.getenv('RLR_ROOT'),
}

local function finish(result)
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('BufReadPost', {
  pattern = '*.rlr',
  callback = function(args)
    local bufnr = args.buf
    if vim.lsp.start then
      vim.lsp.start(config, { bufnr = bufnr })
    else
      local client = vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(bufnr, client)
    end
    local received = vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
    local diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, message = d.message, severity = d.severity, source = d.source })
    end
    finish({ received = received, diagnostics = diagnostics })
  end,
})
`;

describe('Neovim as the client', () => {
  it('receives the diagnostic of a recipe with an error', () => {
    const recipe = join(folder, 'broken.rlr');
    writeFileSync(recipe, dedent(`
      recipe t { version: "0.1.0" seed: 1 }
      source problems = math_problems { count: 10 }
      stage s from problems {
        where difficultly > 0.5 else "too easy"
        emit { prompt: question truth: answer verifier: math() difficulty: difficulty domain: "math" }
      }
      output { dir: "out" }
    `));
    const initLua = join(folder, 'init.lua');
    writeFileSync(initLua, init);
    const out = join(folder, 'result.json');
    execFileSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', initLua, recipe], {
      cwd: folder,
      env: { ...process.env, RLR_NVIM_OUT: out, RLR_BIN: join(root, 'bin/rlr.js'), RLR_ROOT: folder },
      stdio: 'pipe',
      timeout: 120_000,
    });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { received: boolean; diagnostics: Array<Record<string, unknown>> };
    expect(result.received).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'unknown-field', lnum: 3, col: 8, end_col: 19, severity: 1, source: 'rlr', message: expect.stringContaining('did you mean `difficulty`?') }),
    ]);
  }, 180_000);
});
