/** Starts `samsvar start --demo` (the real program, all roles) for the journeys that share one server. */
import type { TestProject } from 'vitest/node';
import { startSamsvarProcess, type SamsvarProcess } from './process.ts';

let server: SamsvarProcess | undefined;

export async function setup(project: TestProject) {
  server = await startSamsvarProcess({}, 'e2e');
  project.provide('baseUrl', server.url);
}

export async function teardown() {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
