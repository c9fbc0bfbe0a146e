/** How server-initiated requests are answered when the user supplied no handler. */
import type { IncomingRequest } from "../rpc/connection.js";
import { JsonRpcError } from "../rpc/errors.js";

/**
 * The fail-safe answer: approvals are declined (nobody was there to approve), every other request
 * gets a JSON-RPC error saying the client has no handler, so the turn continues instead of stalling.
 */
export function defaultServerRequestAnswer(request: IncomingRequest): unknown {
  switch (request.method) {
    case "item/commandExecution/requestApproval":
    case "item/fileChange/requestApproval":
      return { decision: "decline" };
    case "execCommandApproval":
    case "applyPatchApproval":
      return { decision: "denied" };
  }
  throw new JsonRpcError({ code: -32601, message: `client has no handler for ${request.method}` });
}
