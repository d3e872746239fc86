// jstat ships no types; only what llmload uses. Its CommonJS export is the jStat object itself.
declare module 'jstat' {
  const jStat: {
    studentt: { cdf(x: number, dof: number): number };
  };
  export default jStat;
}
