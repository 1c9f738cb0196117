/** The rows of a raw query, whether the driver returned [rows, count] (UPDATE ... RETURNING) or rows. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]));
