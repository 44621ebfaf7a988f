import { describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { sqlMigration } from './sql-migration.js';

const recorder = () => {
  const statements: string[] = [];
  const runner = {
    query: (statement: string) => {
      statements.push(statement);
      return Promise.resolve([]);
    },
  } as unknown as QueryRunner;
  return { statements, runner };
};

describe('sqlMigration', () => {
  const Example = sqlMigration('Example1000', {
    up: ['CREATE TABLE a (id int)', 'CREATE INDEX a_idx ON a (id)'],
    down: ['DROP TABLE a'],
  });

  it('carries its name on the class and on each instance', () => {
    expect(Example.name).toBe('Example1000');
    expect(new Example().name).toBe('Example1000');
  });

  it('runs its up statements in order, and its down statements', async () => {
    const up = recorder();
    await new Example().up(up.runner);
    expect(up.statements).toEqual(['CREATE TABLE a (id int)', 'CREATE INDEX a_idx ON a (id)']);
    const down = recorder();
    await new Example().down(down.runner);
    expect(down.statements).toEqual(['DROP TABLE a']);
  });
});
