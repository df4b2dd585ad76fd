import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { ReadStoreUnavailableError } from '../read-store';

/** The driver's connection failures become the port's, so the HTTP shell answers 503, not 500. */
export async function reachable<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const unreachable = [MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError].some((type) => error instanceof type);
    if (unreachable) throw new ReadStoreUnavailableError((error as Error).message);
    throw error;
  }
}
