/**
 * Names the real AWS CLI 2.9.19 knows, so that KMS Lab's `aws` can tell a
 * typo (`Invalid choice`, with the CLI's suggestions) from a real command the
 * sandbox does not simulate. Facts only: command names as the CLI lists them.
 */

/** Every top-level command of aws-cli 2.9.19, in the order its `Invalid choice` list shows them ('help' last). */
export const AWS_COMMANDS: readonly string[] = `
accessanalyzer account acm acm-pca alexaforbusiness amp amplify amplifybackend amplifyuibuilder apigateway
apigatewaymanagementapi apigatewayv2 appconfig appconfigdata appflow appintegrations application-autoscaling
application-insights applicationcostprofiler appmesh apprunner appstream appsync arc-zonal-shift athena
auditmanager autoscaling autoscaling-plans backup backup-gateway backupstorage batch billingconductor braket
budgets ce chime chime-sdk-identity chime-sdk-media-pipelines chime-sdk-meetings chime-sdk-messaging
chime-sdk-voice cleanrooms cloud9 cloudcontrol clouddirectory cloudformation cloudfront cloudhsm cloudhsmv2
cloudsearch cloudsearchdomain cloudtrail cloudwatch codeartifact codebuild codecatalyst codecommit
codeguru-reviewer codeguruprofiler codepipeline codestar codestar-connections codestar-notifications
cognito-identity cognito-idp cognito-sync comprehend comprehendmedical compute-optimizer connect
connect-contact-lens connectcampaigns connectcases connectparticipant controltower cur customer-profiles
databrew dataexchange datapipeline datasync dax detective devicefarm devops-guru directconnect discovery dlm
dms docdb docdb-elastic drs ds dynamodb dynamodbstreams ebs ec2 ec2-instance-connect ecr ecr-public ecs efs
eks elastic-inference elasticache elasticbeanstalk elastictranscoder elb elbv2 emr emr-containers
emr-serverless es events evidently finspace finspace-data firehose fis fms forecast forecastquery
frauddetector fsx gamelift gamesparks glacier globalaccelerator glue grafana greengrass greengrassv2
groundstation guardduty health healthlake honeycode iam identitystore imagebuilder importexport inspector
inspector2 iot iot-data iot-jobs-data iot-roborunner iot1click-devices iot1click-projects iotanalytics
iotdeviceadvisor iotevents iotevents-data iotfleethub iotfleetwise iotsecuretunneling iotsitewise
iotthingsgraph iottwinmaker iotwireless ivs ivschat kafka kafkaconnect kendra kendra-ranking keyspaces
kinesis kinesis-video-archived-media kinesis-video-media kinesis-video-signaling kinesis-video-webrtc-storage
kinesisanalytics kinesisanalyticsv2 kinesisvideo kms lakeformation lambda lex-models lex-runtime lexv2-models
lexv2-runtime license-manager license-manager-linux-subscriptions license-manager-user-subscriptions
lightsail location logs lookoutequipment lookoutmetrics lookoutvision m2 machinelearning macie macie2
managedblockchain marketplace-catalog marketplace-entitlement marketplacecommerceanalytics mediaconnect
mediaconvert medialive mediapackage mediapackage-vod mediastore mediastore-data mediatailor memorydb
meteringmarketplace mgh mgn migration-hub-refactor-spaces migrationhub-config migrationhuborchestrator
migrationhubstrategy mobile mq mturk mwaa neptune network-firewall networkmanager nimble oam omics opensearch
opensearchserverless opsworks opsworkscm organizations outposts panorama personalize personalize-events
personalize-runtime pi pinpoint pinpoint-email pinpoint-sms-voice pinpoint-sms-voice-v2 pipes polly pricing
privatenetworks proton qldb qldb-session quicksight ram rbin rds rds-data redshift redshift-data
redshift-serverless rekognition resiliencehub resource-explorer-2 resource-groups resourcegroupstaggingapi
robomaker rolesanywhere route53 route53-recovery-cluster route53-recovery-control-config
route53-recovery-readiness route53domains route53resolver rum s3control s3outposts sagemaker
sagemaker-a2i-runtime sagemaker-edge sagemaker-featurestore-runtime sagemaker-geospatial sagemaker-metrics
sagemaker-runtime savingsplans scheduler schemas sdb secretsmanager securityhub securitylake serverlessrepo
service-quotas servicecatalog servicecatalog-appregistry servicediscovery ses sesv2 shield signer
simspaceweaver sms snow-device-management snowball sns sqs ssm ssm-contacts ssm-incidents ssm-sap sso
sso-admin sso-oidc stepfunctions storagegateway sts support support-app swf synthetics textract
timestream-query timestream-write transcribe transfer translate voice-id waf waf-regional wafv2
wellarchitected wisdom workdocs worklink workmail workmailmessageflow workspaces workspaces-web xray s3api s3
ddb configure deploy configservice opsworks-cm history cli-dev`
  .trim()
  .split(/\s+/)
  .concat('help');

/** The STS operations of aws-cli 2.9.19 (API names, in the CLI's order). */
export const STS_OPERATIONS: readonly string[] = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetFederationToken',
  'GetSessionToken',
];

/** `aws configure` subcommands of aws-cli 2.9.19, in the CLI's order. */
export const CONFIGURE_SUBCOMMANDS: readonly string[] = [
  'list',
  'get',
  'set',
  'add-model',
  'import',
  'list-profiles',
  'sso',
  'sso-session',
  'export-credentials',
  'wizard',
];
