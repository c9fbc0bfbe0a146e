/**
 * Which image formats the model accepts, told by their first bytes: used by `imageContent()` (a
 * synchronous export) and by the checks of local images (local-image.ts, deferred code).
 *
 * @module
 */
/** Image formats the model accepts, by their first bytes. */
const FORMATS: readonly { name: string; test: (head: Buffer) => boolean }[] = [
  {
    name: "PNG",
    test: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { name: "JPEG", test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { name: "GIF", test: (h) => ["GIF87a", "GIF89a"].includes(h.toString("latin1", 0, 6)) },
  {
    name: "WebP",
    test: (h) => h.toString("latin1", 0, 4) === "RIFF" && h.toString("latin1", 8, 12) === "WEBP",
  },
];
export const FORMAT_LIST = FORMATS.map((f) => f.name).join(", ");

/** @internal The MIME type of image bytes the model accepts (by their first bytes), or `undefined`. */
export function imageMimeType(bytes: Buffer): string | undefined {
  const name = FORMATS.find((f) => f.test(bytes))?.name;
  return name === undefined ? undefined : `image/${name.toLowerCase()}`;
}
