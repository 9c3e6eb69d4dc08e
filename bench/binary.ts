// (stub, being written)

/** Bench section (stub). */
export async function benchBinary(): Promise<Record<string, unknown>> {
  return {};
}
