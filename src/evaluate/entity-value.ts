/** A number as JSON and YAML write one: optional sign, digits, optional fraction and exponent. */
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Whether an entity value matches the expected one. Values are compared as text, except when
 * both sides are numbers as written in JSON or YAML (`250.5`, `"250.50"`, `2.505e2`): then they
 * are compared as numbers, so a value the assistant formats differently still matches. Text that
 * only looks partly numeric (`"250 EUR"`, `"0x10"`, `" 7"`) is compared as text.
 */
export function sameEntityValue(actual: string, expected: string): boolean {
  if (actual === expected) return true
  return NUMERIC.test(actual) && NUMERIC.test(expected) && Number(actual) === Number(expected)
}
