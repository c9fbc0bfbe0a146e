/** The SDK's version (kept equal to package.json's by a test). Sent as `clientInfo.version`. */
export const VERSION = "0.1.0";
