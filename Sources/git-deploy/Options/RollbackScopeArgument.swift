import ArgumentParser
import DeployKit

/// `git deploy rollback --scope full|application|database|configuration`.
extension RollbackScope: ExpressibleByArgument {}
