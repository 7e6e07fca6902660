// Temporary store folders, removed after each test by `cleanUp`.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../runtime/store/store.ts';

const folders: string[] = [];
const open: Store[] = [];

/** A fresh, empty folder for a store, at `<tmp>/rlr-store-…/.rlr/store` like a real run's. */
export function storePath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'rlr-store-'));
  folders.push(folder);
  return join(folder, '.rlr', 'store');
}

/** Opens a store that is closed after the test if the test did not close it. */
export async function openTracked(path: string, options?: StoreOptions): Promise<Store> {
  const store = await openStore(path, options);
  open.push(store);
  return store;
}

/** Closes `store` and opens the same path again: what a resumed run sees. */
export async function reopen(store: Store): Promise<Store> {
  await store.close();
  open.splice(open.indexOf(store), 1);
  return openTracked(store.path);
}

/** Closes the stores and removes the folders of the test that just ran: `afterEach(cleanUp)` in each test file (a hook registered here would bind to one file only). */
export async function cleanUp(): Promise<void> {
  for (const store of open.splice(0)) await store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Every file in the spill folder of the store at `path`, as `table folder/file`, sorted. */
export function spillFiles(path: string): string[] {
  const folder = join(path, 'spill');
  return readdirSync(folder).flatMap((table) => readdirSync(join(folder, table)).map((file) => `${table}/${file}`)).sort();
}
