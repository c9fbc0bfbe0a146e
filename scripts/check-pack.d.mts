// Types of check-pack.mjs for the tests that import it.
export const ALLOWED: RegExp[];
export function entryTargets(pkg: object): string[];
export function checkPack(options: {
  files: string[];
  read: (path: string) => string;
  pkg: object;
}): string[];
