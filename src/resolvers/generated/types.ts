import type { GraphQLResolveInfo } from 'graphql';
import type { GraphStats as GraphStatsModel } from '../../graph/bootstrap.js';
import type { OntologyState as OntologyStateModel, StoredEntityType as StoredEntityTypeModel } from '../../graph/store.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type EntityType = {
  __typename?: 'EntityType';
  description: Scalars['String']['output'];
  name: Scalars['String']['output'];
  properties: Array<PropertyDef>;
};

export type GraphStats = {
  __typename?: 'GraphStats';
  edges: Array<LabelCount>;
  tiers: Array<TierCount>;
};

export type Health = {
  __typename?: 'Health';
  ok: Scalars['Boolean']['output'];
  /** embedded or neo4j */
  store: Scalars['String']['output'];
};

export type LabelCount = {
  __typename?: 'LabelCount';
  count: Scalars['Int']['output'];
  name: Scalars['String']['output'];
};

export type Ontology = {
  __typename?: 'Ontology';
  languages: Array<Scalars['String']['output']>;
  relations: Array<RelationType>;
  types: Array<EntityType>;
  /** Content hash of the applied ontology files; null before the first apply. */
  version: Maybe<Scalars['String']['output']>;
};

export type PropertyDef = {
  __typename?: 'PropertyDef';
  localized: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  required: Scalars['Boolean']['output'];
  type: Scalars['String']['output'];
};

/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * This schema grows with the answer API; today it serves health, statistics and the ontology tier.
 */
export type Query = {
  __typename?: 'Query';
  /** Whether the service and its store answer. */
  health: Health;
  /** Tier 1: the entity and relation types, as applied to the graph. */
  ontology: Ontology;
  /** Node counts per tier and type, edge counts per relation type. */
  stats: GraphStats;
};

export type RelationType = {
  __typename?: 'RelationType';
  cardinality: Scalars['String']['output'];
  description: Scalars['String']['output'];
  from: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  to: Array<Scalars['String']['output']>;
};

export type TierCount = {
  __typename?: 'TierCount';
  /** ontology, concept, instance or system */
  tier: Scalars['String']['output'];
  total: Scalars['Int']['output'];
  types: Array<LabelCount>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  EntityType: ResolverTypeWrapper<StoredEntityTypeModel>;
  GraphStats: ResolverTypeWrapper<GraphStatsModel>;
  Health: ResolverTypeWrapper<Health>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LabelCount: ResolverTypeWrapper<LabelCount>;
  Ontology: ResolverTypeWrapper<OntologyStateModel>;
  PropertyDef: ResolverTypeWrapper<PropertyDef>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RelationType: ResolverTypeWrapper<RelationType>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  TierCount: ResolverTypeWrapper<TierCount>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  EntityType: StoredEntityTypeModel;
  GraphStats: GraphStatsModel;
  Health: Health;
  Int: Scalars['Int']['output'];
  LabelCount: LabelCount;
  Ontology: OntologyStateModel;
  PropertyDef: PropertyDef;
  Query: Record<PropertyKey, never>;
  RelationType: RelationType;
  String: Scalars['String']['output'];
  TierCount: TierCount;
};

export type EntityTypeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EntityType'] = ResolversParentTypes['EntityType']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['PropertyDef']>, ParentType, ContextType>;
};

export type GraphStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GraphStats'] = ResolversParentTypes['GraphStats']> = {
  edges?: Resolver<Array<ResolversTypes['LabelCount']>, ParentType, ContextType>;
  tiers?: Resolver<Array<ResolversTypes['TierCount']>, ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  store?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LabelCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LabelCount'] = ResolversParentTypes['LabelCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OntologyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Ontology'] = ResolversParentTypes['Ontology']> = {
  languages?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  relations?: Resolver<Array<ResolversTypes['RelationType']>, ParentType, ContextType>;
  types?: Resolver<Array<ResolversTypes['EntityType']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PropertyDefResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PropertyDef'] = ResolversParentTypes['PropertyDef']> = {
  localized?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  ontology?: Resolver<ResolversTypes['Ontology'], ParentType, ContextType>;
  stats?: Resolver<ResolversTypes['GraphStats'], ParentType, ContextType>;
};

export type RelationTypeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RelationType'] = ResolversParentTypes['RelationType']> = {
  cardinality?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TierCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierCount'] = ResolversParentTypes['TierCount']> = {
  tier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  types?: Resolver<Array<ResolversTypes['LabelCount']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  EntityType?: EntityTypeResolvers<ContextType>;
  GraphStats?: GraphStatsResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  LabelCount?: LabelCountResolvers<ContextType>;
  Ontology?: OntologyResolvers<ContextType>;
  PropertyDef?: PropertyDefResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RelationType?: RelationTypeResolvers<ContextType>;
  TierCount?: TierCountResolvers<ContextType>;
};

