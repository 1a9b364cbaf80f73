import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver and result types from the SDL. `npm run codegen` regenerates them; CI fails when the
 * committed output differs from a fresh run. Never edit the generated file by hand.
 */
const config: CodegenConfig = {
  schema: 'src/resolvers/schema.graphql',
  generates: {
    'src/resolvers/generated/types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context.js#GraphQLContext',
        mappers: {
          GraphStats: '../../graph/bootstrap.js#GraphStats',
          Ontology: '../../graph/store.js#OntologyState',
          EntityType: '../../graph/store.js#StoredEntityType',
          Answer: '../../answer/answer-service.js#Answer',
          Candidate: '../../answer/answer-service.js#AnswerCandidate',
          Fault: '../../graph/store.js#NodeRecord',
          Cause: '../../graph/store.js#NodeRecord',
          Solution: '../../graph/store.js#NodeRecord',
          Case: '../../graph/store.js#NodeRecord',
          Component: '../../graph/store.js#NodeRecord',
          Concept: '../../graph/store.js#StoredConcept',
          CacheStats: '../../answer/answer-cache.js#CacheStats',
          ReviewItem: '../../extract/curation.js#ReviewItem',
          Changeset: '../../graph/store.js#ChangesetRecord',
          ImportSummary: '../../services.js#IngestResult',
        },
        mapperTypeSuffix: 'Model',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        scalars: {},
      },
    },
  },
};

export default config;
