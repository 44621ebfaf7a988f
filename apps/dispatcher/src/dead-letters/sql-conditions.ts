/**
 * Builds a parameterised WHERE clause: values never enter the SQL text, they
 * become `$n` placeholders numbered in the order they are added.
 */
export class SqlConditions {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a clause whose `?` marks are replaced by placeholders for `values`, in order. */
  add(clause: string, ...values: unknown[]): this {
    const marks = clause.split('?').length - 1;
    if (marks !== values.length) {
      throw new Error(`clause "${clause}" has ${marks} placeholders for ${values.length} values`);
    }
    let index = 0;
    this.clauses.push(
      clause.replace(/\?/g, () => {
        this.params.push(values[index++]);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }

  /** Adds the clause only when `value` is defined. */
  addIf(clause: string, value: unknown): this {
    return value === undefined ? this : this.add(clause, value);
  }

  /** Binds one more value outside the WHERE clause (LIMIT, …) and returns its placeholder. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.clauses.length === 0 ? 'TRUE' : this.clauses.join(' AND ');
  }
}
