/** A trained model the gateway knows: which instance holds it, and whose it is. */
export interface TrainedModelRecord {
  /** `instance:model-id`: what calls name as `model`. */
  ref: string;
  instance: string;
  /** Its id at the provider. */
  modelId: string;
  /** The key that trained it. */
  keyId: string;
  /** The end user (minted token subject) that trained it; '' for none. */
  subject: string;
  name: string;
  triggerWord: string;
  baseModel?: string;
  /** The training call that made it. */
  generationId: string;
  createdAt: number;
}

/**
 * The trained models a gateway has made: a call naming one goes to the
 * instance that holds it, and only its key (and subject) may name it.
 */
export interface TrainedModelStore {
  /** Records a trained model; recording the same `ref` again keeps the first record. */
  record(record: Omit<TrainedModelRecord, 'createdAt'>): Promise<void>;
  get(ref: string): Promise<TrainedModelRecord | undefined>;
  /** A key's trained models (only `subject`'s, when given), newest first. */
  list(options: {
    keyId: string;
    subject?: string;
    limit: number;
  }): Promise<TrainedModelRecord[]>;
}
