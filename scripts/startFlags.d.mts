/** The flags of `exec node <flags> server/dist/main.js` in the root package.json's start script (checked equal to the server package's). */
export function startFlags(): string[];
