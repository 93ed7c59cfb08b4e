import type { GossipSub } from '@libp2p/gossipsub'
import type { TopicScoreParams } from '@libp2p/gossipsub/score'

/**
 * Peer-scoring parameters of a room topic. Chat rooms are often quiet, so
 * nothing penalises a peer for delivering few messages (P3 off); what counts
 * is delivering *invalid* ones (P4): every message the topic validator
 * rejects — a flood beyond the rate limit, a banned author, a forgery — costs
 * its sender `invalid² × 10`, decaying by 10% a second. A handful puts a
 * flooder under gossipsub's graylist threshold (-80): its neighbours then
 * ignore everything it sends.
 */
export const ROOM_TOPIC_SCORE_PARAMS: TopicScoreParams = {
  topicWeight: 1,
  timeInMeshWeight: 0.01,
  timeInMeshQuantum: 1000,
  timeInMeshCap: 300,
  firstMessageDeliveriesWeight: 0.5,
  firstMessageDeliveriesDecay: 0.9,
  firstMessageDeliveriesCap: 20,
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0.5,
  meshMessageDeliveriesCap: 100,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 60_000,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0.5,
  invalidMessageDeliveriesWeight: -10,
  invalidMessageDeliveriesDecay: 0.9
}

interface Scored {
  score?: { params: { topics: Record<string, TopicScoreParams> } }
}

/**
 * Score a topic joined at run time. Gossipsub takes topic parameters only at
 * construction; rooms come and go, so this adds them to the live parameter
 * table (which gossipsub reads on every use).
 */
export function scoreTopic (pubsub: GossipSub, topic: string, params: TopicScoreParams = ROOM_TOPIC_SCORE_PARAMS): void {
  const topics = (pubsub as unknown as Scored).score?.params.topics
  if (topics != null) {
    topics[topic] = params
  }
}

/** Stop scoring a topic we left. */
export function unscoreTopic (pubsub: GossipSub, topic: string): void {
  const topics = (pubsub as unknown as Scored).score?.params.topics
  if (topics != null) {
    delete topics[topic]
  }
}

/** A neighbour's current gossipsub score (0 when unknown). */
export function peerScore (pubsub: GossipSub, peer: string): number {
  const scorer = pubsub as unknown as { getScore?: (peer: string) => number }
  return scorer.getScore?.(peer) ?? 0
}
