// Worker threads do not inherit a TypeScript loader from every runner (vitest, plain node):
// register tsx here, then load the worker written in TypeScript.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
