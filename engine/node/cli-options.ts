/** Argument parsers for the command lines' numeric options: a bad value is a usage error naming the option. */
import { InvalidArgumentError } from 'commander';

function parser(what: string, ok: (n: number) => boolean) {
  return (flag: string) =>
    (value: string): number => {
      const n = Number(value);
      if (!ok(n)) throw new InvalidArgumentError(`Expected ${what} for ${flag} but received ${value}`);
      return n;
    };
}

export const positiveInt = parser('a positive integer', (n) => Number.isInteger(n) && n >= 1);
export const nonNegativeInt = parser('a non-negative integer', (n) => Number.isInteger(n) && n >= 0);
export const nonNegative = parser('a non-negative number', (n) => n >= 0);
export const probability = parser('a number between 0 and 1', (n) => n > 0 && n < 1);
