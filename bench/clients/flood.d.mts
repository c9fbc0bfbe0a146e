// Types of flood.mjs for bench/run.ts.
export function threadId(k: number): string;
export function turnId(k: number): string;
export function itemId(k: number): string;
export const FRAME_LINES: number;
