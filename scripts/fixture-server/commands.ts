/**
 * The command numbers served by the child-process fixture server (`server.ts`).
 */

/** Commands of the fixture server. */
export const FIXTURE_CMD = {
  /** Responds with the request body. */
  echo: 1,
  /** Never responds (holds the call in flight). */
  never: 2,
  /** Responds with the request body after `body[0]` ms. */
  delayedEcho: 3,
  /** The handler throws. */
  throws: 4,
  /** The handler rejects. */
  rejects: 5,
  /** The handler returns a body larger than the wire allows. */
  tooLarge: 6,
  /** One-way: the handler returns nothing. */
  oneWay: 7,
} as const;
