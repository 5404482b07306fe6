// What a discovery step finds about one service (REST, or SOAP from a WSDL), before it is written into a project file.
import type { Operation } from '../project/project-schema.ts';

/** One discovered operation, as the project file stores it. */
export type DiscoveredOperation = Operation;

/** One parameter of a discovered operation. */
export type DiscoveredParameter = Operation['parameters'][number];

/** The result of a discovery step: the service's base URL and its operations by id. */
export interface DiscoveredService {
  /** The service's kind written into the project (absent: rest, and an existing service's kind is left alone). */
  kind?: 'rest' | 'soap';
  /** The API's title, when the source names one (used to name a new project). */
  title?: string;
  /** Absolute http(s) base URL the operation paths are appended to, when the source tells it. */
  baseUrl?: string;
  /** Where the operations came from (a file path or URL); absent for discovery by hand. */
  source?: string;
  /** Operation id → operation, in the order of the source. */
  operations: Record<string, DiscoveredOperation>;
  /** Things skipped or guessed that a person should know about. */
  warnings: string[];
}

/** A discovery that cannot go on: a missing or invalid document, a broken reference, a bad argument. */
export class DiscoveryError extends Error {
  override readonly name: string = 'DiscoveryError';
  constructor(message: string) {
    super(message);
  }
}
