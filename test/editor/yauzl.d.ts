// The part of yauzl (the zip reader @vscode/vsce itself uses) that the package test reads with.
declare module 'yauzl' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';

  export interface Entry {
    readonly fileName: string;
    readonly uncompressedSize: number;
  }

  export interface ZipFile extends EventEmitter {
    readEntry(): void;
    openReadStream(entry: Entry, callback: (error: Error | null, stream: Readable) => void): void;
    close(): void;
  }

  export function open(path: string, options: { lazyEntries: boolean }, callback: (error: Error | null, zipfile: ZipFile) => void): void;
}
