import { Column, type ColumnType } from 'typeorm';

/*
 * The column kinds Herald's entities declare again and again, each under one
 * name. Entities only describe columns to TypeORM: every table is created and
 * changed by its service's migrations, so these say nothing about the schema
 * that a migration does not already say.
 */

/** `text NOT NULL`: ids, names, codes and most other values. */
export const TextColumn = () => Column({ type: 'text' });

/** A column that may hold NULL; the property's type says `| null` too. */
export const NullableColumn = (type: ColumnType) => Column({ type, nullable: true });

/** `timestamptz NOT NULL DEFAULT now()`: when Postgres stored the row. */
export const CreatedAtColumn = () => Column({ type: 'timestamptz', default: () => 'now()' });
