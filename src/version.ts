// The version of Ferry (kept in step with package.json).

/** Ferry's version. */
export const FERRY_VERSION = '0.1.0';
