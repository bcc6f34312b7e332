import { AppError } from '../errors';
import type { CommandSpec } from './common';

// Placeholder until the command lands; its issue owns this file.
export const refreshSpec: CommandSpec = {
  name: 'refresh',
  summary: '(not built yet)',
  usage: 'auth-wizard refresh',
  options: {},
  examples: ['auth-wizard refresh --help'],
  async run() {
    throw new AppError('internal', '`auth-wizard refresh` is not built yet; see the README for what works today.');
  },
};
