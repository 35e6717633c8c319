/**
 * The list of common passwords shipped in the repository (data/security/common-passwords.txt,
 * from the zxcvbn-ts project, MIT licence), read once and kept as a set.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/security/common-passwords.txt');

let loaded: Promise<ReadonlySet<string>> | undefined;

export function commonPasswords(): Promise<ReadonlySet<string>> {
  loaded ??= readFile(FILE, 'utf8').then((text) => new Set(text.split('\n').map((l) => l.trim().toLowerCase()).filter(Boolean)));
  return loaded;
}
