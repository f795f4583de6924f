/** A number with its noun, in agreement: `count(1, 'day')` is "1 day", `count(3, 'entry', 'entries')` "3 entries". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
