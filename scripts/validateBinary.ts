// (stub, being written)
export {};
