import type { CommandFn } from '../command.js';
import { withDb } from '../db.js';
import { drawView, renderDrawFull } from './draw-show.js';
import { usageError } from '../../errors.js';

/** `draw show draw ID`: plan, seed, commitment, snapshot hashes and sizes, strata, every sheet. */
export const run: CommandFn = async ([id], _opts, ctx) =>
  withDb(ctx, (db) => {
    if (!/^\d+$/.test(id)) throw usageError('draw.notFound', { id });
    const view = drawView(db, Number(id));
    return { data: view, render: (c) => renderDrawFull(c, view) };
  });
