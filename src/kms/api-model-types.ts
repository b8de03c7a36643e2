/**
 * The project's own table of the KMS API (operations, shapes, limits, errors,
 * paginators), projected from the AWS API model. The KMS simulator validates
 * requests with it and the CLI emulation builds its options from it.
 */

export type ShapeType =
  | 'structure'
  | 'string'
  | 'integer'
  | 'long'
  | 'boolean'
  | 'blob'
  | 'timestamp'
  | 'list'
  | 'map'
  | 'double'
  | 'float';

export interface ShapeDef {
  type: ShapeType;
  /** structure: member name → shape name, in the model's order (the order the CLI prints). */
  members?: Record<string, string>;
  required?: string[];
  /** structure members the model marks deprecated. */
  deprecated?: string[];
  min?: number;
  max?: number;
  enum?: string[];
  pattern?: string;
  /** list element shape */
  member?: string;
  /** map key and value shapes */
  key?: string;
  value?: string;
  sensitive?: boolean;
  /** an error shape; `fault` marks server-side errors (HTTP 500). */
  exception?: boolean;
  fault?: boolean;
}

export interface OperationDef {
  input?: string;
  output?: string;
  errors: string[];
}

export interface PaginatorDef {
  inputToken: string;
  outputToken: string;
  limitKey?: string;
  moreResults?: string;
  resultKey: string;
}

export interface ApiModel {
  apiVersion: string;
  targetPrefix: string;
  operations: Record<string, OperationDef>;
  shapes: Record<string, ShapeDef>;
  paginators: Record<string, PaginatorDef>;
}
