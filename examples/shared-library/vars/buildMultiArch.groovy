// Team-wide wrapper around the multiArchBuild step (plugin multiarch-build).
//
//   buildMultiArch(image: 'shop/api')                        // everything else from team defaults
//   buildMultiArch(image: 'shop/api', platforms: ['linux/amd64'], buildArgs: [VERSION: '1.2'])
//
// Team defaults, each overridable by passing the option:
//   registry      env.TEAM_REGISTRY, else 'registry.example.com'
//   credentialsId env.TEAM_REGISTRY_CREDENTIALS, else 'team-registry' (username/password)
//   file          <context>/Dockerfile (the step takes it relative to the workspace)
//   platforms     linux/amd64 and linux/arm64
//   tags          <registry>/<image>:<branch>-<build number>, :<short commit>, and :latest on the default branch
//   push          true, except for change requests (pull requests build and fill the cache only locally)
//   cacheFrom     the registry cache of this branch, then of the default branch
//   cacheTo       the registry cache of this branch (mode=max), when pushing
//   labels        OCI labels org.opencontainers.image.revision and .source from the checkout
// Returns what multiArchBuild returns: [digest:, imageName:, platforms:, metadata:].

// The options multiArchBuild takes, passed through unchanged when given.
@groovy.transform.Field
final List<String> STEP_OPTIONS = [
    'context', 'file', 'target', 'platforms', 'tags', 'push', 'buildArgs', 'labels', 'secrets', 'ssh',
    'forwardAgent', 'registries', 'cacheFrom', 'cacheTo', 'outputs', 'noCache', 'builders', 'builderSet']

// Options of this wrapper only.
@groovy.transform.Field
final List<String> WRAPPER_OPTIONS = ['image', 'registry', 'credentialsId', 'defaultBranch', 'cache']

def call(Map config = [:]) {
    for (String key : config.keySet()) {
        if (!STEP_OPTIONS.contains(key) && !WRAPPER_OPTIONS.contains(key)) {
            error("buildMultiArch: unknown option '${key}'; known: ${(WRAPPER_OPTIONS + STEP_OPTIONS).join(', ')}")
        }
    }
    if (!config.image) {
        error("buildMultiArch: option 'image' is required, e.g. image: 'shop/api'")
    }
    String registry = config.registry ?: env.TEAM_REGISTRY ?: 'registry.example.com'
    String repo = "${registry}/${config.image}"
    String defaultBranch = config.defaultBranch ?: 'main'
    String branch = tagSafe(env.BRANCH_NAME ?: defaultBranch)
    boolean changeRequest = env.CHANGE_ID != null
    boolean push = config.containsKey('push') ? config.push : !changeRequest

    Map args = [:]
    args.context = config.context ?: '.'
    // the step's file is relative to the workspace, not to the context: default to the context's Dockerfile
    String contextDir = args.context.replaceAll('/+$', '')
    args.file = config.file ?: (contextDir in ['.', ''] ? 'Dockerfile' : "${contextDir}/Dockerfile".toString())
    args.platforms = config.platforms ?: ['linux/amd64', 'linux/arm64']
    args.push = push
    args.tags = config.tags ?: defaultTags(repo, branch, defaultBranch)
    args.labels = defaultLabels() + (config.labels ?: [:])
    // registries: [] means "no registry login" (e.g. a local registry); absent means the team's
    args.registries = config.containsKey('registries') ? config.registries : [[url: registry,
        credentialsId: config.credentialsId ?: env.TEAM_REGISTRY_CREDENTIALS ?: 'team-registry']]
    boolean cache = config.containsKey('cache') ? config.cache : true
    if (cache && !config.noCache) {
        List<String> from = ["type=registry,ref=${repo}:cache-${branch}".toString()]
        if (branch != tagSafe(defaultBranch)) {
            // a new branch starts warm from the default branch's cache
            from << "type=registry,ref=${repo}:cache-${tagSafe(defaultBranch)}".toString()
        }
        args.cacheFrom = config.cacheFrom ?: from
        if (push) {
            args.cacheTo = config.cacheTo ?: ["type=registry,ref=${repo}:cache-${branch},mode=max".toString()]
        }
    }
    // everything else the caller gave goes through as it is
    for (String key : STEP_OPTIONS) {
        if (config.containsKey(key) && !args.containsKey(key)) {
            args[key] = config[key]
        }
    }
    if (config.containsKey('cacheFrom')) { args.cacheFrom = config.cacheFrom }
    if (config.containsKey('cacheTo')) { args.cacheTo = config.cacheTo }

    def result = multiArchBuild(args)
    echo "buildMultiArch: ${result.imageName} @ ${result.digest}"
    for (def entry : result.platforms.entrySet()) {
        echo "  ${entry.key}: ${entry.value}"
    }
    return result
}

private List<String> defaultTags(String repo, String branch, String defaultBranch) {
    List<String> tags = ["${repo}:${branch}-${env.BUILD_NUMBER}".toString()]
    if (env.GIT_COMMIT) {
        String commit = env.GIT_COMMIT
        tags << "${repo}:${commit.length() > 12 ? commit.substring(0, 12) : commit}".toString()
    }
    if (branch == tagSafe(defaultBranch)) {
        tags << "${repo}:latest".toString()
    }
    return tags
}

private Map<String, String> defaultLabels() {
    Map<String, String> labels = [:]
    if (env.GIT_COMMIT) {
        labels['org.opencontainers.image.revision'] = env.GIT_COMMIT
    }
    if (env.GIT_URL) {
        labels['org.opencontainers.image.source'] = env.GIT_URL
    }
    return labels
}

// A branch name as an image tag: [A-Za-z0-9_.-], at most 128 characters, not starting with . or -.
private String tagSafe(String name) {
    String t = name.replaceAll('[^A-Za-z0-9_.-]', '-').replaceAll('^[.-]+', '')
    t = t ?: 'branch'
    return t.length() > 100 ? t.substring(0, 100) : t
}
