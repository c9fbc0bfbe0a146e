/**
 * The bound that tells "answered promptly" from "hung" in tests that check a failure is noticed
 * (a killed server, a refused token, a timeout that fires). Typical figures are a few to a few
 * hundred milliseconds and the reliability suites print them; the bound is generous because CI
 * runs the suite on two cores shared by several test workers and app-servers, where a 1 s bound
 * flaked. A hang still fails it, and speed is measured in bench/, not here.
 */
export const PROMPT_MS = 5_000;
