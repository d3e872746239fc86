/**
 * Types of the module scripts import, `llmload/x/kserve` (its source is
 * vu.ts): reference this file from a script's tsconfig (`files`, or
 * `/// <reference path="…/module.d.ts" />`) to type-check scripts that use it.
 */
declare module 'llmload/x/kserve' {
  type Vu = typeof import('./vu.js');
  export type ClientOptions = import('./vu.js').ClientOptions;
  export type GenerateBody = import('./vu.js').GenerateBody;
  export type CallParams = import('./vu.js').CallParams;
  export type Client = import('./vu.js').Client;
  export type Result = import('./types.js').KserveResult;
  export const client: Vu['client'];
  const kserve: Vu['default'];
  export default kserve;
}
