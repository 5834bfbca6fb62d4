import DeployKit
print("git-deploy")
