// The shape of a server-side fix, and of the per-stack modules that build one.
import type { FixContext } from './fix-context';
import type { ProvenBy } from './proof';
import type { StackId } from '../stack-ids';

export type { StackId };

export interface Fix {
  stack: StackId;
  title: string;
  /** For highlighting: 'js' | 'ts' | 'python' | 'java' | 'csharp' | 'go' | 'ruby' | 'php' | 'nginx' | 'apache' | 'caddyfile' | 'xml' | 'json' | 'netlify-headers'. */
  language: string;
  snippet: string;
  /** File and position: "before your routes", "above CommonMiddleware", "`insert_before 0`". */
  where: string;
  /** The one mistake in this stack that most likely caused this exact failure. */
  pitfall: string;
  /** One-line curl the user runs afterwards. */
  verify: string;
  notes?: string[];
  /** How this stack's fix is proven (proof.ts): run in a real server, or syntax checked only. */
  provenBy: ProvenBy;
}

/** What a stack module builds; fixesFor adds the stack id, the verify command and shared notes. */
export interface StackFixDraft {
  title: string;
  snippet: string;
  where: string;
  pitfall: string;
  notes?: string[];
}

export interface StackModule {
  id: StackId;
  name: string;
  language: string;
  build(ctx: FixContext): StackFixDraft;
}
