#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx kg …` works from the project root without a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
