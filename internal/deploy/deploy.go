// Package deploy launches CloudFormation stacks from templates: it derives stack
// names, resolves parameters and capabilities, uploads large templates to S3,
// creates, reviews and executes change sets, follows stack events, and maps
// failures onto the template as diagnostics. It is protocol-free: the LSP server
// and the CLI both drive it.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// MaxTemplateBody is the largest template CloudFormation accepts inline; larger
// templates must be uploaded to S3 and passed by URL.
const MaxTemplateBody = 51200

// AWSOptions override the SDK's default configuration chain (environment,
// shared config and credentials files, SSO, profiles). Empty fields keep the
// chain's value; AWS_ENDPOINT_URL is honoured as the SDK does.
type AWSOptions struct {
	Region      string
	Profile     string
	EndpointURL string
	// Credentials, when set, replace the credential chain (tests use static ones).
	Credentials aws.CredentialsProvider
}

// ErrNoCredentials is returned (wrapped in a message saying what to configure)
// when no AWS credentials can be found.
var ErrNoCredentials = errors.New("no AWS credentials")

// ErrNoRegion is returned when no region is configured anywhere.
var ErrNoRegion = errors.New("no AWS region")

// Client talks to CloudFormation and S3, and to STS and IAM to simulate
// the caller's permissions (Denied).
type Client struct {
	CFN    *cloudformation.Client
	S3     *s3.Client
	STS    *sts.Client
	IAM    *iam.Client
	Region string
	// Poll is the interval between status polls (default 2 s).
	Poll time.Duration
}

// pollInterval is Poll, or its default.
func (c *Client) pollInterval() time.Duration {
	if c.Poll <= 0 {
		return 2 * time.Second
	}
	return c.Poll
}

// credentialsHelp says what to configure when credentials are missing.
const credentialsHelp = "configure credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
	"or a profile in ~/.aws/credentials or ~/.aws/config (aws configure, or aws sso login) chosen with " +
	"AWS_PROFILE, --profile or the cfn-lsp.aws.profile setting"

// NewClient loads the AWS configuration with the given overrides and checks that
// credentials and a region are available, so that a missing one is reported once,
// clearly, before anything is attempted.
func NewClient(ctx context.Context, o AWSOptions) (*Client, error) {
	var opts []func(*config.LoadOptions) error
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(o.EndpointURL))
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(o.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		var missing config.SharedConfigProfileNotExistError
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("%w: AWS profile %q is not defined in ~/.aws/config or ~/.aws/credentials; %s",
				ErrNoCredentials, missing.Profile, credentialsHelp)
		}
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("%w: set AWS_REGION, a region in your AWS profile, --region or the cfn-lsp.aws.region setting", ErrNoRegion)
	}
	if cfg.Credentials == nil {
		return nil, fmt.Errorf("%w; %s", ErrNoCredentials, credentialsHelp)
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(cctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w; %s (%s)", ErrNoCredentials, credentialsHelp, firstLine(err.Error()))
	}
	custom := cfg.BaseEndpoint != nil
	return &Client{
		CFN: cloudformation.NewFromConfig(cfg),
		S3: s3.NewFromConfig(cfg, func(so *s3.Options) {
			// Emulators and LocalStack-style endpoints serve buckets by path.
			so.UsePathStyle = so.UsePathStyle || custom
		}),
		STS:    sts.NewFromConfig(cfg),
		IAM:    iam.NewFromConfig(cfg),
		Region: cfg.Region,
		Poll:   2 * time.Second,
	}, nil
}

// apiError turns an SDK error into a readable one. Credential rejections get the
// same advice as missing credentials.
func apiError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
			"SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "AccessDeniedException":
			return fmt.Errorf("%s: %s: %s; %s", op, ae.ErrorCode(), ae.ErrorMessage(), credentialsHelp)
		}
		return &APIError{Op: op, Code: ae.ErrorCode(), Message: ae.ErrorMessage()}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// APIError is an error answered by the service.
type APIError struct {
	Op      string // the operation, e.g. "ExecuteChangeSet"
	Code    string
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("%s: %s: %s", e.Op, e.Code, e.Message) }

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// stackNotFound reports whether err says a stack does not exist.
func stackNotFound(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist")
}
