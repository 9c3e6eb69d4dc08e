/**
 * (stub, being written)
 *
 * @module
 */
export {};
