/** capstone-js ships no types; the benchmark describes the part it uses (see CapstoneModule in run.ts). */
declare module '@alexaltea/capstone-js';
