// A TypeScript op module with erasable syntax only (Node's own type stripping can load it).
import { defineOps } from 'duskjs';

function double(x: number): number {
  return 2 * x;
}

export const { double: doubleOp } = defineOps(import.meta.url, { double });
