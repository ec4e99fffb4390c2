// The layout holds: every import between top-level folders is one the table below allows, no folders import each other
// in a loop, the pure layers import no platform, libraries run nothing on import, and the README's architecture table
// says what this table says. Imports are read with TypeScript's own parser, so comments and strings cannot fool it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..');

/** Each layer and the layers it may import. A layer is a top-level folder, `web/src`, or `main.ts`. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  config: ['core'],
  aws: ['core'],
  functions: ['core', 'aws'],
  'web/src': ['core'],
  stacks: ['core', 'config'],
  host: ['core', 'config', 'aws'],
  scripts: ['core', 'config', 'aws', 'stacks'],
  'main.ts': ['core', 'config', 'stacks'],
  local: ['core', 'config', 'aws', 'functions', 'scripts'],
  bin: ['core', 'config', 'aws', 'host', 'scripts', 'local'],
  testing: ['core', 'config', 'aws', 'functions', 'web/src', 'stacks', 'host', 'scripts', 'local'],
  bench: ['core', 'config', 'aws', 'functions', 'web/src', 'stacks', 'host', 'scripts', 'local', 'testing'],
  __tests__: ['core', 'config', 'aws', 'functions', 'web/src', 'stacks', 'host', 'scripts', 'main.ts', 'local', 'bin', 'testing', 'bench'],
  'jest.config.js': ['testing'],
};
/** Files whose job is to run when loaded: the npm scripts' mains, the bench runner, the Lambda entries, the page's entry, jest's config. */
const ENTRY_POINTS = [/^main\.ts$/, /^bin\/[^/]+\.ts$/, /^bench\/run\.ts$/, /^functions\/[^/]+\/index\.ts$/, /^web\/src\/main\.ts$/, /^jest\.config\.js$/];
/** Packages a layer may import; layers not listed may import any installed package. */
const PACKAGES: Readonly<Record<string, RegExp>> = {
  core: /^$/,
  'web/src': /^amazon-ivs-player$/,
};
/** Packages only tests may load: the IAM simulator is AGPL-3.0, so it is a dev dependency never bundled or shipped. */
const TEST_ONLY_PACKAGES = /^@cloud-copilot\//;
const TEST_LAYERS = ['testing', '__tests__'];
const SKIPPED = new Set(['node_modules', 'dist', 'cdktf.out', 'fixtures', '.git', '.github', 'coverage']);

interface SourceFile {
  readonly path: string;
  readonly layer: string;
  readonly source: ts.SourceFile;
}

function layerOf(path: string): string {
  if (path.startsWith('web/src/')) return 'web/src';
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
}

function sourceFiles(dir = ROOT): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (SKIPPED.has(name) || name.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    if (!/\.(ts|js)$/.test(name) || name.endsWith('.d.ts')) return [];
    const path = relative(ROOT, full).split(sep).join('/');
    return [{ path, layer: layerOf(path), source: ts.createSourceFile(path, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true) }];
  });
}

/** Every module a file names: import and export declarations, `import()`, `require()` and `import x = require()`. */
function specifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const FILES = sourceFiles();
const PRODUCTION = FILES.filter((file) => !['__tests__', 'testing', 'bench'].includes(file.layer));

/** Edges between layers: [from file, from layer, to layer, specifier]. */
function layerEdges(): [string, string, string, string][] {
  return FILES.flatMap((file) =>
    specifiers(file.source)
      .filter((spec) => spec.startsWith('.'))
      .map((spec): [string, string, string, string] => {
        const target = relative(ROOT, resolve(ROOT, dirname(file.path), spec)).split(sep).join('/');
        return [file.path, file.layer, layerOf(target.endsWith('.ts') || target.endsWith('.js') ? target : `${target}.ts`), spec];
      })
      .filter(([, from, to]) => from !== to),
  );
}

describe('the layout', () => {
  it('reads every layer of the table in the tree, and no folder the table does not name', () => {
    expect([...new Set(FILES.map((file) => file.layer))].filter((layer) => !ENTRY_POINTS.some((entry) => entry.test(layer))).sort()).toEqual(
      Object.keys(MAY_IMPORT).filter((layer) => !ENTRY_POINTS.some((entry) => entry.test(layer))).sort(),
    );
  });

  it('imports between layers only as the table allows', () => {
    const forbidden = layerEdges()
      .filter(([, from, to]) => !(MAY_IMPORT[from] ?? []).includes(to))
      .map(([file, from, to, spec]) => `${file} (${from}) imports ${spec} (${to})`);
    expect(forbidden).toEqual([]);
  });

  it('has no loop between layers, in the table or in the code', () => {
    const graph = new Map<string, Set<string>>(Object.entries(MAY_IMPORT).map(([layer, targets]) => [layer, new Set(targets)]));
    for (const [, from, to] of layerEdges()) graph.get(from)?.add(to);
    const loops = new Set<string>();
    const visit = (layer: string, path: readonly string[]): void => {
      if (path.includes(layer)) {
        // One entry per loop, whichever layer it was entered from: rotated to start at its smallest name.
        const loop = path.slice(path.indexOf(layer));
        const start = loop.indexOf([...loop].sort()[0]);
        return void loops.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' -> '));
      }
      for (const next of graph.get(layer) ?? []) visit(next, [...path, layer]);
    };
    for (const layer of graph.keys()) visit(layer, []);
    expect([...loops]).toEqual([]);
  });

  it('keeps the pure layers free of Node and of packages: the core runs anywhere, the page only with the IVS player', () => {
    const problems = FILES.filter((file) => file.layer in PACKAGES).flatMap((file) =>
      specifiers(file.source)
        .filter((spec) => !spec.startsWith('.') && !PACKAGES[file.layer].test(spec))
        .map((spec) => `${file.path} imports ${spec}`),
    );
    expect(problems).toEqual([]);
  });

  it('loads the test-only packages (the AGPL IAM simulator) from testing/ and __tests__/ only, as dev dependencies', () => {
    const outside = FILES.filter((file) => !TEST_LAYERS.includes(file.layer)).flatMap((file) =>
      specifiers(file.source).filter((spec) => TEST_ONLY_PACKAGES.test(spec)).map((spec) => `${file.path} imports ${spec}`),
    );
    expect(outside).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => TEST_ONLY_PACKAGES.test(name))).toEqual([]);
    expect(Object.keys(manifest.devDependencies ?? {}).filter((name) => TEST_ONLY_PACKAGES.test(name))).toHaveLength(4);
  });

  it('runs nothing on import outside the entry points: a file is a library or a program', () => {
    const runs = (statement: ts.Statement): boolean => ts.isExpressionStatement(statement) || ts.isIfStatement(statement) || ts.isTryStatement(statement);
    const programs = PRODUCTION.filter((file) => !ENTRY_POINTS.some((entry) => entry.test(file.path)))
      .filter((file) => file.source.statements.some(runs))
      .map((file) => file.path);
    expect(programs).toEqual([]);
  });

  it('is what the README architecture table says', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => /^\| `[^`]+` \|/.test(line));
    const documented = Object.fromEntries(
      rows
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .filter((cells) => cells.length >= 5 && cells[3].startsWith('imports'))
        .map((cells) => [cells[1].replace(/`/g, '').replace(/\/$/, ''), [...cells[3].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')).sort()]),
    );
    expect(documented).toEqual(Object.fromEntries(Object.entries(MAY_IMPORT).map(([layer, targets]) => [layer, [...targets].sort()])));
  });
});
