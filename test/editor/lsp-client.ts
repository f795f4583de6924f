/**
 * A small Language Server Protocol client for tests: spawns `yaml-language-server --stdio` and
 * speaks JSON-RPC 2.0 with `Content-Length` framing, configured the way VS Code configures it
 * (capabilities, `workspace/didChangeConfiguration`, then answering the server's
 * `workspace/configuration` pulls from the same settings).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Position {
  line: number;
  character: number;
}
export interface Diagnostic {
  range: { start: Position; end: Position };
  message: string;
  severity?: number;
  code?: number | string;
  source?: string;
  data?: { schemaUri?: string[] };
}
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const require = createRequire(import.meta.url);
/** The package's own bin, as an editor extension would start it. */
export const SERVER_BIN = join(dirname(require.resolve('yaml-language-server/package.json')), 'bin/yaml-language-server');
const DENY_NETWORK = fileURLToPath(new URL('./deny-network.cjs', import.meta.url));

/** VS Code's settings for the YAML extension, with the schema store off: no network. */
export const OFFLINE_SETTINGS = { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } };

/** Requests the server may send a VS Code client; anything else is recorded as unexpected. */
const EXPECTED_SERVER_REQUESTS = new Set(['workspace/configuration', 'client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create']);

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  stderr = '';
  /** Server-to-client requests a VS Code client would not expect (schema content, file reads…). */
  readonly unexpectedRequests: string[] = [];
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private version = 0;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly diagnosticWaiters = new Map<string, ((d: Diagnostic[]) => void)[]>();
  private exited = false;

  constructor(private settings: Record<string, unknown> = OFFLINE_SETTINGS) {
    this.process = spawn(process.execPath, ['--require', DENY_NETWORK, SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => void (this.stderr += chunk.toString()));
    this.process.on('exit', () => {
      this.exited = true;
      for (const { reject } of this.pending.values()) reject(new Error(`yaml-language-server exited\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Network attempts the preloaded guard refused. */
  get networkAttempts(): string[] {
    return [...this.stderr.matchAll(/^concert-test: network attempt: (.*)$/gm)].map((m) => m[1]!);
  }

  /** initialize → initialized → didChangeConfiguration, and wait until the settings are applied. */
  async start(root?: string): Promise<Record<string, unknown>> {
    const rootUri = root ? pathToFileURL(root).href : null;
    const init = (await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'concert-tests' },
      locale: 'en',
      rootUri,
      workspaceFolders: root ? [{ uri: rootUri, name: 'initiative' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        },
      },
    })) as { capabilities: Record<string, unknown> };
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
    // The server pulls `workspace/configuration` on that notification; a code-lens request waits for
    // the pull to be applied (languageHandlers' codeLensHandler), so documents opened after it are
    // validated once, with these settings.
    await this.request('textDocument/codeLens', { textDocument: { uri: 'file:///concert-barrier.yaml' } });
    return init.capabilities;
  }

  /** Opens a document and resolves with the first diagnostics published for it after that. */
  open(path: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(path).href;
    const published = this.published(uri);
    // A fresh version each time: the server caches parsed documents by uri and version.
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++this.version, text } });
    return published;
  }

  /** Closes a document; resolves once the server has cleared its diagnostics (so a later open sees fresh ones). */
  close(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    const cleared = this.published(uri).then(() => undefined);
    this.notify('textDocument/didClose', { textDocument: { uri } });
    return cleared;
  }

  private published(uri: string): Promise<Diagnostic[]> {
    return new Promise<Diagnostic[]>((resolve) => this.diagnosticWaiters.set(uri, [...(this.diagnosticWaiters.get(uri) ?? []), resolve]));
  }

  async hover(path: string, position: Position): Promise<{ contents: { kind: string; value: string }; range?: unknown } | null> {
    return (await this.request('textDocument/hover', { textDocument: { uri: pathToFileURL(path).href }, position })) as never;
  }

  /** shutdown → exit; killed if it does not exit within a few seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch {
      this.process.kill('SIGKILL');
    }
    await exited;
    clearTimeout(timer);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`yaml-language-server is not running\n${this.stderr}`));
      this.pending.set(id, {
        resolve: (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)),
        reject,
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    if (this.exited) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'));
      if (!length) throw new Error(`bad LSP header: ${this.buffer.subarray(0, end).toString()}`);
      const start = end + 4;
      const size = Number(length[1]);
      if (this.buffer.length < start + size) return;
      const message = JSON.parse(this.buffer.subarray(start, start + size).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(start + size);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const waiter = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      waiter?.resolve(message);
    } else if (message.id !== undefined) {
      this.answer(message);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      const waiters = this.diagnosticWaiters.get(uri) ?? [];
      this.diagnosticWaiters.delete(uri);
      for (const resolve of waiters) resolve(diagnostics);
    }
  }

  /** Answers the server's requests as VS Code would: settings by section, the rest acknowledged. */
  private answer(message: Message): void {
    if (message.method === 'workspace/configuration') {
      const { items } = message.params as { items: { section?: string }[] };
      const result = items.map(({ section }) => (section ? ((this.settings as Record<string, unknown>)[section] ?? null) : this.settings));
      this.send({ jsonrpc: '2.0', id: message.id!, result });
    } else if (EXPECTED_SERVER_REQUESTS.has(message.method!)) {
      this.send({ jsonrpc: '2.0', id: message.id!, result: null });
    } else {
      this.unexpectedRequests.push(`${message.method} ${JSON.stringify(message.params)}`);
      this.send({ jsonrpc: '2.0', id: message.id!, error: { code: -32601, message: `not handled by the test client: ${message.method}` } });
    }
  }
}
